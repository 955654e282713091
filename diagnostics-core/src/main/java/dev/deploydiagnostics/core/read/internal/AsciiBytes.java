package dev.deploydiagnostics.core.read.internal;

import java.nio.charset.StandardCharsets;

/**
 * A buffer of ASCII bytes seen as characters, by absolute index, so that the checks written for text run on the
 * byte scanner's buffer as they are, without a string per line. Only for bytes known to be ASCII.
 */
final class AsciiBytes implements CharSequence {
    private final byte[] bytes;

    AsciiBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public char charAt(int index) {
        return (char) (bytes[index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
