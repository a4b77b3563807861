package io.inferenceperf.transport;

/**
 * Chooses the {@link NativeIo} for this JVM: the FFM implementation from Java 22 on, else one that explains what is
 * missing. No class of the main sources names the FFM classes, so a Java 21 JVM never loads them (their class files
 * are of version 66, which it would refuse).
 */
final class NativeIos {
  /** The implementation's name, kept in a string so that nothing loads it before the version check. */
  static final String FFM_IMPLEMENTATION = "io.inferenceperf.transport.FfmNativeIo";
  /** The first Java release with the final FFM API. */
  static final int FFM_RELEASE = 22;

  private static final NativeIo CURRENT = forJava(Runtime.version().feature());

  private NativeIos() {}

  /** The implementation for this JVM. */
  static NativeIo current() {
    return CURRENT;
  }

  /** The implementation for a JVM of Java {@code feature}. */
  static NativeIo forJava(int feature) {
    if (feature < FFM_RELEASE) {
      return new Missing("this JVM is Java " + feature + " and calls into the kernel need Java " + FFM_RELEASE
          + " or later (run with a newer JDK: the container image has Java 25)");
    }
    try {
      return (NativeIo) Class.forName(FFM_IMPLEMENTATION).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      return new Missing("this jar was built by a JDK 21, without the classes that call into the kernel (rebuild it"
          + " with JDK " + FFM_RELEASE + " or later)");
    } catch (ReflectiveOperationException | LinkageError e) {
      return new Missing("the native calls could not be loaded (" + e + ")");
    }
  }

  /** Neither native part: every question gets the same reason. */
  record Missing(String reason) implements NativeIo {
    @Override
    public String kernelTransportUnavailable(ServerAddress address) {
      return reason;
    }

    @Override
    public Transport openKernelTransport(TransportOptions options) {
      throw new IllegalStateException("kernel timestamps are unavailable: " + reason);
    }

    @Override
    public String makeCurrentThreadRealtime(int priority) {
      return "real-time I/O threads are unavailable: " + reason;
    }
  }
}
