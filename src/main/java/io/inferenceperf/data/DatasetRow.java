package io.inferenceperf.data;

/** One usable example of a dataset: the prompt and the reference completion whose length sets max_tokens. */
record DatasetRow(String prompt, String completion) {}
