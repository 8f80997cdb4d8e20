// snappyjs ships no type declarations; these are the two functions of its documented API.
declare module "snappyjs" {
  export function compress(input: Uint8Array): Uint8Array<ArrayBuffer>;
  export function uncompress(input: Uint8Array): Uint8Array<ArrayBuffer>;
}
