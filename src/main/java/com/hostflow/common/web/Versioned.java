package com.hostflow.common.web;

/**
 * A single resource as the API answers it, with the version of the row it was read from. The API sends the version
 * as a strong {@code ETag} ({@link VersionTags}) and compares a later {@code If-Match} with it ({@link IfMatch}).
 * Views keep it out of their JSON ({@code @JsonIgnore}): it travels in the header only.
 */
public interface Versioned {

    long version();
}
