// PLACEHOLDER test file; replaced by real tests
