// Public API: filled by this package's issue. See README.md for what it will hold.
export {};
