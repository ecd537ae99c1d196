package dev.nabla.io.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * UTF-8 text from a file, with a leading byte-order mark dropped. Bytes that are not UTF-8 are
 * refused with the line and byte offset where they stand: Java's own decoder says only "Input
 * length = 1".
 */
final class Utf8Reader extends Reader {
  private static final int BUFFER = 1 << 16;
  private final Path path;
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
  private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
  private boolean endOfInput;
  private boolean finished;
  private boolean atStart = true;
  private long offset;
  private long line = 1;
  private boolean afterCarriageReturn;

  Utf8Reader(Path path, InputStream in) {
    this.path = path;
    this.in = in;
  }

  @Override
  public int read(char[] target, int start, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (finished) {
        return -1;
      }
      decodeMore();
    }
    int count = Math.min(length, chars.remaining());
    chars.get(target, start, count);
    return count;
  }

  private void decodeMore() throws IOException {
    if (!endOfInput) {
      bytes.compact();
      int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (read < 0) {
        endOfInput = true;
      } else {
        bytes.position(bytes.position() + read);
      }
      bytes.flip();
    }
    chars.clear();
    int start = bytes.position();
    CoderResult result = decoder.decode(bytes, chars, endOfInput);
    count(start, bytes.position());
    if (result.isError()) {
      throw notUtf8(result.length());
    }
    if (endOfInput && !bytes.hasRemaining()) {
      decoder.flush(chars);
      finished = true;
    }
    chars.flip();
    if (atStart && chars.hasRemaining()) {
      atStart = false;
      if (chars.get(chars.position()) == '\uFEFF') {
        chars.get();
      }
    }
  }

  /** Counts the bytes decoded, and the line breaks among them as a CSV parser counts them. */
  private void count(int from, int to) {
    byte[] array = bytes.array();
    for (int at = from; at < to; at++) {
      byte b = array[at];
      if (b == '\r' || (b == '\n' && !afterCarriageReturn)) {
        line++;
      }
      afterCarriageReturn = b == '\r';
    }
    offset += to - from;
  }

  private DataException notUtf8(int length) {
    StringBuilder shown = new StringBuilder();
    for (int at = 0; at < length; at++) {
      int b = bytes.get(bytes.position() + at) & 0xff;
      shown.append(at == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02x", b));
    }
    return new DataException(
        path
            + ", line "
            + line
            + ", byte offset "
            + offset
            + ": "
            + shown
            + (length == 1 ? " is" : " are")
            + " not UTF-8 text; save the file as UTF-8");
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
