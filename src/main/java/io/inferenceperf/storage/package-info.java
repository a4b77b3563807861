/**
 * Object storage for results and datasets: S3 (and S3-compatible servers) through the AWS SDK for Java v2 with
 * its default credential chain, and Google Cloud Storage through Google's Java client over the JSON API with
 * application default credentials (google-auth-library). {@link io.inferenceperf.storage.ObjectStore} is the small API every backend
 * offers (check the bucket, upload a file, test, list and download keys); {@link
 * io.inferenceperf.storage.RunUploader} is the run's storage step on top of it: it refuses to write over an
 * earlier run's objects, names objects as inference-perf does ({@link io.inferenceperf.storage.ObjectKeys}),
 * retries with backoff and remembers what finally failed, so that the caller can fail the run and point at the
 * local copy. A distributed run reuses the same uploader for each pod's results under a shared prefix, and
 * {@link io.inferenceperf.storage.BucketResults} finds and fetches the results files under a prefix for a merge.
 *
 * <p>No credential is ever logged or put into a message: messages name the bucket, the key and the error code.
 *
 * <p>May import: nothing.
 */
package io.inferenceperf.storage;
