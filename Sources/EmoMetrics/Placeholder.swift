// PLACEHOLDER: EmoMetrics (replaced by its issue's code)
