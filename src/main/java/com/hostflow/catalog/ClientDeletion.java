package com.hostflow.catalog;

/** Whether a client may delete services of a product type. */
public enum ClientDeletion {
    ALLOWED, PROHIBITED, PHONE_VERIFIED
}
