package io.shoebox.storage.s3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "S3-compatible bucket",
        description = "A bucket on Amazon S3 or any S3-compatible service: Backblaze B2, Cloudflare R2, Wasabi,"
                + " MinIO, Ceph. Create the bucket and an access key in the provider's console first; the key"
                + " needs to read, write, list and delete objects in the bucket.")
public @interface S3StorageConfig {

    @AttributeDefinition(
            name = "Endpoint",
            description = "URL of the S3 API. Leave empty for Amazon S3. Examples: Backblaze B2"
                    + " https://s3.us-west-004.backblazeb2.com, Cloudflare R2 https://<account id>.r2.cloudflarestorage.com,"
                    + " Wasabi https://s3.eu-central-1.wasabisys.com, MinIO http://nas.local:9000.",
            required = false)
    String endpoint() default "";

    @AttributeDefinition(
            name = "Region",
            description = "Region of the bucket, for example us-east-1 or eu-central-1 on AWS, us-west-004 on B2"
                    + " (the part of the endpoint after s3.), auto on Cloudflare R2. MinIO accepts us-east-1"
                    + " unless its administrator set another.")
    String region() default "us-east-1";

    @AttributeDefinition(
            name = "Bucket",
            description = "Name of an existing bucket. Shoebox does not create buckets.")
    String bucket();

    @AttributeDefinition(
            name = "Folder in the bucket",
            description = "Optional prefix such as backups/shoebox, so that one bucket can hold several"
                    + " repositories or other data. Leave empty to use the whole bucket.",
            required = false)
    String prefix() default "";

    @AttributeDefinition(
            name = "Access key",
            description = "Access key ID (AWS: IAM access key; B2: keyID of an application key; R2: access key"
                    + " ID of an R2 API token; MinIO: user or service account).")
    String accessKey();

    @AttributeDefinition(
            name = "Secret key",
            description = "Secret access key belonging to the access key (B2: applicationKey; R2: secret access"
                    + " key of the token). Stored sealed, never shown again.",
            type = AttributeType.PASSWORD)
    String secretKey();

    @AttributeDefinition(
            name = "Path-style addressing",
            description = "Address the bucket as endpoint/bucket instead of bucket.endpoint. Turn on for MinIO,"
                    + " Ceph, S3Proxy and other self-hosted servers without wildcard DNS; leave off for AWS,"
                    + " B2, R2 and Wasabi.",
            required = false)
    boolean pathStyle() default false;

    @AttributeDefinition(
            name = "Connect timeout (seconds)",
            description = "How long to wait for a connection to the endpoint before the attempt counts as failed.",
            required = false,
            min = "1")
    int connectTimeoutSeconds() default S3Settings.DEFAULT_CONNECT_TIMEOUT_SECONDS;

    @AttributeDefinition(
            name = "Read timeout (seconds)",
            description = "How long a connection may stay silent while sending or receiving before it is given up.",
            required = false,
            min = "1")
    int readTimeoutSeconds() default S3Settings.DEFAULT_READ_TIMEOUT_SECONDS;

    @AttributeDefinition(
            name = "Maximum connections",
            description = "Connections kept open to the endpoint at most; backups upload several objects at once.",
            required = false,
            min = "1")
    int maxConnections() default S3Settings.DEFAULT_MAX_CONNECTIONS;
}
