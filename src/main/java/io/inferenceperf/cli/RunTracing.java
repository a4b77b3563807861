package io.inferenceperf.cli;

import io.inferenceperf.tracing.RequestTracer;
import io.inferenceperf.tracing.TracingSettings;
import java.util.Map;

/** Request tracing for a run, from the OTEL_* environment variables: off unless OTEL_TRACES_ENABLED=true. */
final class RunTracing {
  private RunTracing() {}

  /** The run's tracer, or null when tracing is off; a bad variable is a configuration error. */
  static RequestTracer start(Map<String, String> env) throws UserError {
    TracingSettings.Result result = TracingSettings.fromEnvironment(env);
    if (result.problem() != null) {
      throw new UserError(ExitCode.CONFIG_ERROR, result.problem());
    }
    return result.settings().enabled() ? RequestTracer.start(result.settings()) : null;
  }
}
