/**
 * The users every test index knows, local or real. Their passwords hold the characters a .pypirc,
 * a URL and a Basic header each treat specially, so that every hand-off is tested with them.
 */
export const ALICE = { username: 'alice', password: 'alice-S3cr3t;#=%:"pw' }
export const BOB = { username: 'bob', password: 'bob-Pa55-word' }
export const USERS = { [ALICE.username]: ALICE.password, [BOB.username]: BOB.password }
