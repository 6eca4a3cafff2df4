// Package identity keeps administrator accounts in the graph: one vertex per
// administrator, keyed by its lower-cased email address, holding an argon2id password
// hash (never the password), its role and the operator and venues the role reaches.
package identity
