/**
 * A small built-in list of the passwords (and password bases) people pick most often, in English and
 * Swedish. The policy rejects a password equal to one of these, or equal to one of these with digits
 * and punctuation glued on before or after ("Sommar2024!", "lösenord123456"). Entries are lower case.
 *
 * It is deliberately short: the length rule (at least 12 characters) already removes most of the
 * classic top-lists, and a long list adds megabytes for little gain. A deployment that wants a full
 * breached-password check (e.g. a k-anonymity lookup) should add it at the edge; see docs/security.md.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  // Classic top-lists (bases and the long variants that pass a 12-character rule).
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass', 'passord', 'password1', 'passwordpassword',
  '123456', '1234567', '12345678', '123456789', '1234567890', '12345678910', '123456789012',
  '1234567890123', '0123456789', '111111', '1111111111', '111111111111', '000000', '0000000000',
  '000000000000', '121212', '123123', '123123123', '123123123123', '654321', '987654321',
  '9876543210', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx', '1qaz2wsx3edc', 'zaq12wsx',
  'qwerty', 'qwertyuiop', 'qwertyuiopå', 'qwerty123', 'qwerty123456', 'qwertyqwerty', 'asdfgh',
  'asdfghjkl', 'asdfghjklöä', 'zxcvbnm', 'abc123', 'abcdef', 'abcdefgh', 'abcdefghijkl', 'iloveyou',
  'letmein', 'welcome', 'welcome1', 'admin', 'administrator', 'root', 'login', 'master', 'secret',
  'changeme', 'default', 'dragon', 'monkey', 'football', 'baseball', 'sunshine', 'princess',
  'superman', 'batman', 'shadow', 'trustno1', 'starwars', 'whatever', 'freedom', 'hello', 'hallo',
  'computer', 'internet', 'test', 'testtest', 'test1234', 'guest', 'user', 'summer', 'winter',
  'spring', 'autumn', 'january', 'december', 'correcthorsebatterystaple',
  // Swedish favourites.
  'lösenord', 'losenord', 'lösen', 'losen', 'hemligt', 'hemlig', 'sommar', 'vinter', 'hösten',
  'hosten', 'våren', 'varen', 'januari', 'februari', 'augusti', 'sverige', 'stockholm', 'göteborg',
  'goteborg', 'malmö', 'malmo', 'uppsala', 'kommun', 'kommunen', 'region', 'regionen', 'nämnd',
  'namnd', 'protokoll', 'justera', 'justering', 'sekreterare', 'ordförande', 'ordforande',
  'fotboll', 'hockey', 'kalle', 'kalleanka', 'älskling', 'alskling', 'jagälskardig', 'jagalskardig',
  'hejhej', 'hejsan', 'välkommen', 'valkommen', 'midsommar', 'julafton', 'hammarby', 'djurgården',
  'djurgarden', 'aik', 'blåvitt', 'blavitt', 'tre kronor', 'trekronor', 'qwertyuiopåasdfghjklöä',
];
