/** CIN yes/no items: 2025-26 writes 0/1; earlier files also used true/false in any case. */
export const fromXmlFlag = (value: string | null): boolean => value !== null && ['1', 'true'].includes(value.toLowerCase());
