package dev.logtally.archive;

/**
 * An object as its store holds it.
 * @param key the object's key
 * @param bytes its size
 * @param checksum the checksum the store verified and keeps with the object, as the store names it: S3's
 *     {@code x-amz-checksum-sha256} (base64, with {@code -N} after a multipart upload's composite checksum), or
 *     {@code null} where the store keeps none (a local directory)
 */
public record StoredObject(String key, long bytes, String checksum) {
}
