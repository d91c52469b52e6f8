// PLACEHOLDER: EmoCorpus (replaced by its issue's code)
