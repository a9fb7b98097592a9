// Text from people and gateways must be well-formed Unicode: a lone UTF-16 surrogate (which JSON
// over a socket can carry) has no UTF-8 form, and the audit chain cannot canonicalize it.

/** True when `text` holds no lone surrogate. */
export const wellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

export const wellFormedRule = 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)';
