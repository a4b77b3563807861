package io.inferenceperf.data.replay;

/** Test traces in the Weka format, block size {@value #BLOCK}, tool + system prompt 5 tokens (2 blocks). */
final class WekaTraceJson {

  static final int BLOCK = 4;

  private WekaTraceJson() {}

  /** A trace whose requests are the given JSON objects. */
  static String trace(String id, String... requests) {
    return "{\"id\": \"" + id + "\", \"models\": [\"claude\"], \"block_size\": " + BLOCK
        + ", \"tool_tokens\": 3, \"system_tokens\": 2, \"requests\": [" + String.join(", ", requests) + "]}";
  }

  /** A call (type n). */
  static String call(double t, int in, int out, String hashIds, double apiTime, double thinkTime) {
    return "{\"t\": " + t + ", \"type\": \"n\", \"model\": \"claude\", \"in\": " + in + ", \"out\": " + out
        + ", \"hash_ids\": [" + hashIds + "], \"api_time\": " + apiTime + ", \"think_time\": " + thinkTime + "}";
  }
}
