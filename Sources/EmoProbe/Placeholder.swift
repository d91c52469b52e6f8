// PLACEHOLDER: EmoProbe (replaced by its issue's code)
