// PLACEHOLDER: EmoStore (replaced by its issue's code)
