package dev.nabla.spark;

/**
 * Hands a uid to a Spark {@code Params} class written in Java before its superclass constructor
 * runs. Spark's Scala classes initialise their Params (featuresCol, …) in their constructors with
 * {@code this.uid()} as the owner; a Scala class has its uid field set before that, a Java class
 * cannot, so its {@code uid()} reads the uid passed here while its field is still unset.
 */
final class Uids {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private Uids() {}

  /** Remembers {@code uid} for the constructor about to run on this thread; returns it. */
  static String pending(String uid) {
    PENDING.set(uid);
    return uid;
  }

  /** The uid of the object under construction on this thread. */
  static String current() {
    return PENDING.get();
  }

  /** Forgets it, once the object is made. */
  static void done() {
    PENDING.remove();
  }
}
