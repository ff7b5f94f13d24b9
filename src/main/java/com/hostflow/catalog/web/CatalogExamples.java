package com.hostflow.catalog.web;

/**
 * Example request bodies for Swagger UI, as in the API contract; ids are those of the demo catalog. Kept valid by
 * {@code OpenApiDocumentTest}, which reads each one into its form and validates it.
 */
final class CatalogExamples {

    static final String DATA_CENTER = """
            {"name": "Amsterdam", "externalId": "ams-1", "sortOrder": 1, "icon": {"countryCode": "NL"}}""";

    static final String DEPARTMENT = """
            {"name": "Network operations", "key": "noc", "taskDueAfter": "PT4H", "taskFollowUpAfter": "PT1H"}""";

    static final String PROVIDER = """
            {"name": "Demo Hosting", "currency": "EUR"}""";

    static final String PROCESSING_MODULE = """
            {"productType": "vds", "moduleType": "vmmanager6", "name": "VMmanager AMS KVM", "dataCenterId": 1,
             "departmentId": 1, "sortOrder": 1,
             "integration": {"url": "http://localhost:8080/simulator/vmmanager6", "username": "admin@example.com",
                             "password": "secret"},
             "settings": {"cluster": "1", "useRecipes": false, "additionalNetworkInterface": false},
             "queue": {"runInQueue": true, "queues": 2, "queueKey": "cluster"}}""";

    static final String NEW_PRODUCT_TYPE = """
            {"code": "vds-nvme", "name": "VPS on NVMe", "trialPolicy": "NONE", "splitExpensesByMonth": true,
             "noSuspendOnWeekends": false, "autoDeletionDays": 7, "clientDeletion": "PHONE_VERIFIED",
             "onClientDelete": "IMMEDIATELY", "orderPeriods": ["MONTH", "YEAR"],
             "resources": [{"code": "ram", "name": "RAM", "unit": "MiB"}, {"code": "disk", "name": "NVMe", "unit": "MiB"}],
             "parameters": [{"code": "os", "name": "Operating system", "required": true,
                             "choices": ["ubuntu-24.04", "debian-12"]}]}""";

    static final String PRODUCT_TYPE = """
            {"code": "vds", "name": "VPS", "trialPolicy": "ONE_PER_PRODUCT_TYPE", "splitExpensesByMonth": true,
             "noSuspendOnWeekends": true, "autoDeletionDays": 14, "clientDeletion": "ALLOWED",
             "onClientDelete": "END_OF_PAID_PERIOD",
             "orderPeriods": ["TRIAL", "ONE_TIME", "DAY", "MONTH", "QUARTER", "HALF_YEAR", "YEAR"],
             "resources": [{"code": "ram", "name": "RAM", "unit": "MiB"}, {"code": "cpu", "name": "CPU", "unit": "cores"},
                           {"code": "disk", "name": "Disk", "unit": "MiB"},
                           {"code": "ipv4", "name": "IPv4", "unit": "addresses"}],
             "parameters": [{"code": "os", "name": "Operating system", "required": true},
                            {"code": "domain", "name": "Domain", "required": false}]}""";

    static final String CALENDAR = """
            {"providerId": 1, "timeZone": "Europe/Amsterdam", "weekendDays": ["SATURDAY", "SUNDAY"],
             "holidays": [{"date": "2027-01-01", "name": "New Year"}]}""";

    static final String TARIFF_GROUP = """
            {"name": "VPS"}""";

    static final String TARIFF = """
            {"productType": "vds", "providerId": 1, "groupId": 1, "name": "VPS-2", "active": true,
             "processingModuleIds": [1], "template": "vps-2", "createAllAddons": true,
             "defaultDomainTemplate": "vps{serviceId}.example.net",
             "prices": {"DAY": "0.40", "MONTH": "10.00", "YEAR": "100.00"}, "trialDays": 7,
             "addons": [{"resource": "ram", "included": 2048, "min": 1024, "max": 16384, "step": 1024,
                         "prices": {"MONTH": "2.00"}}]}""";

    static final String LOAD_CHOICES = """
            {"parameter": "os", "processingModuleId": 1}""";

    private CatalogExamples() {
    }
}
