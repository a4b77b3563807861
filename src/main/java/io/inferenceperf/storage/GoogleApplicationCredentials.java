package io.inferenceperf.storage;

import com.google.auth.oauth2.GoogleCredentials;
import io.inferenceperf.storage.StorageException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Google credentials for the bucket, found by google-auth-library as every Google client finds them (application
 * default credentials): the key file named by GOOGLE_APPLICATION_CREDENTIALS, gcloud's application-default login,
 * else the metadata server (Workload Identity on GKE, a VM's service account). Nothing here parses, signs or
 * stores a secret.
 */
final class GoogleApplicationCredentials {

  /**
   * A credentials file read instead of the application default ones: any type google-auth-library reads. Tests use
   * it, as they cannot set GOOGLE_APPLICATION_CREDENTIALS in their own process.
   */
  static final String FILE_PROPERTY = "inferenceperf.googleCredentialsFile";

  static final String HOW_TO = "set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, run `gcloud auth"
      + " application-default login`, or run on GKE with Workload Identity (or on a VM with a service account)";

  private GoogleApplicationCredentials() {}

  static GoogleCredentials find() throws StorageException {
    String file = System.getProperty(FILE_PROPERTY);
    try {
      if (file == null) return GoogleCredentials.getApplicationDefault();
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        return GoogleCredentials.fromStream(in);
      }
    } catch (IOException e) {
      throw new StorageException(Kind.ACCESS_DENIED, "no Google credentials: " + HOW_TO + " (" + e.getMessage()
          + ")", e);
    }
  }
}
