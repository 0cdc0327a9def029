/** Plain JSON: numbers, strings, booleans, arrays and objects of them. */
export type Json = number | string | boolean | null | Json[] | { [k: string]: Json };
