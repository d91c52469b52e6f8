// PLACEHOLDER: EmoCheckpoint (replaced by its issue's code)
