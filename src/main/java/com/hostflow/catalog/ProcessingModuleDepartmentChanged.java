package com.hostflow.catalog;

/**
 * An admin gave a processing module another department (or none); published in the transaction that changed it, with
 * the keys of the department before and after (null: none).
 */
public record ProcessingModuleDepartmentChanged(long moduleId, String departmentKeyBefore, String departmentKeyAfter) {
}
