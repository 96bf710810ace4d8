/// labrun's version: `labrun --version`, the handout's footer and generator tag. Raised with each
/// release of the command; a report records the version that made it, not a date, so reports stay
/// byte for byte reproducible.
public let labrunVersion = "0.8.0"
