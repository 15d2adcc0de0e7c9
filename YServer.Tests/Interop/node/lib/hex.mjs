// Hex is how bytes travel between the Node oracle and the C# tests (lowercase, no separators).

export const toHex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')

export const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'))
