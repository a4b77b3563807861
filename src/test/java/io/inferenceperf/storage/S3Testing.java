package io.inferenceperf.storage;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Shared set-up of the S3 tests: credentials for the SDK's default chain and a helper client for fixtures. */
public final class S3Testing {

  /** The access key id the tests' default chain finds (system properties come first in the chain). */
  public static final String ACCESS_KEY = "AKIAINFERENCEPERFTEST";
  public static final String SECRET_KEY = "test-secret-never-printed";

  private S3Testing() {}

  /** Credentials and region through system properties, and no instance metadata: nothing leaves 127.0.0.1. */
  public static void useTestCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  /** A plain path-style client straight to S3Mock, to make buckets and read what the code under test wrote. */
  public static S3Client fixtureClient(S3MockProcess mock) {
    return S3Client.builder()
        .endpointOverride(URI.create(mock.endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }
}
