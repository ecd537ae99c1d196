package org.teavm.classlib.java.util;

import java.util.random.RandomGenerator;

/**
 * {@code java.util.SplittableRandom} for the browser build, which TeaVM's class library lacks:
 * TeaVM compiles references to {@code java.util.SplittableRandom} to this class (its class library
 * is the {@code java} packages with the prefix {@code org.teavm.classlib.} and a {@code T}). It is
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014)
 * with the JDK's constants, so a network drawn from a seed in the browser has the weights it has on
 * the JVM, bit for bit ({@code TSplittableRandomTest} compares every method the core calls). Normal
 * and exponential draws are JDK 17's ziggurat ({@code ZigguratSampler}) on this generator's {@code
 * nextLong()}, as the JDK's are on its own.
 */
public final class TSplittableRandom implements RandomGenerator {
  /** The golden ratio's 64-bit fraction, odd: the gamma of a generator made from a seed. */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long seed;
  private final long gamma;

  /**
   * A generator from a seed, as {@code new SplittableRandom(seed)}.
   *
   * @param seed the initial seed
   */
  public TSplittableRandom(long seed) {
    this(seed, GOLDEN_GAMMA);
  }

  private TSplittableRandom(long seed, long gamma) {
    this.seed = seed;
    this.gamma = gamma;
  }

  /** Advances the state by the gamma, a Weyl sequence. */
  private long nextSeed() {
    seed += gamma;
    return seed;
  }

  /** Stafford's variant 13 of MurmurHash3's 64-bit finaliser. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Stafford's variant 4, keeping the high 32 bits. */
  private static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /** A gamma for a split: odd, with enough bit transitions (MurmurHash3's finaliser). */
  private static long mixGamma(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    z = (z ^ (z >>> 33)) | 1L;
    int transitions = Long.bitCount(z ^ (z >>> 1));
    return transitions < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
  }

  /**
   * A new generator whose values are independent of this one's, as {@code split()}.
   *
   * @return the new generator
   */
  public TSplittableRandom split() {
    return new TSplittableRandom(nextLong(), mixGamma(nextSeed()));
  }

  @Override
  public long nextLong() {
    return mix64(nextSeed());
  }

  @Override
  public int nextInt() {
    return mix32(nextSeed());
  }

  /** 53 random bits scaled to [0, 1). */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A value in [0, bound): masked for a power of two, else rejection on 31 bits. */
  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
      // Rejects the values of the last, partial run of bound.
    }
    return r;
  }

  /** A standard normal draw: JDK 17's modified ziggurat ({@code ZigguratSampler.normal}). */
  @Override
  public double nextGaussian() {
    return ZigguratSampler.normal(this);
  }

  /** A standard exponential draw: JDK 17's ziggurat ({@code ZigguratSampler.exponential}). */
  @Override
  public double nextExponential() {
    return ZigguratSampler.exponential(this);
  }
}
