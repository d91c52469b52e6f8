// PLACEHOLDER: EmoReport (replaced by its issue's code)
