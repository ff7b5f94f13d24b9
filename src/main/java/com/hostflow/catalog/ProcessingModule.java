package com.hostflow.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A connection to a system that provisions services of one product type (a VMmanager 6 cluster, the manual module).
 * The password is kept only as AES-GCM ciphertext made by {@link com.hostflow.security.SecretCipher}.
 */
@Entity
@Table(name = "processing_module")
public class ProcessingModule {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Raised by every change; the API's ETag (If-Match) is made of it. */
    @Version
    private long version;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "product_type_id")
    private ProductType productType;

    /** A type of {@link com.hostflow.modules.ModuleTypeRegistry}, e.g. {@code vmmanager6}. */
    @Column(nullable = false)
    private String moduleType;

    @Column(nullable = false)
    private String name;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "data_center_id")
    private DataCenter dataCenter;

    /** Gets the module's manual and failure tasks. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "department_id")
    private Department department;

    /** The lower, the earlier the module is chosen among a tariff's modules. */
    private int sortOrder;

    private String url;

    private String username;

    @Column(name = "password_encrypted")
    private String passwordEncrypted;

    private String cluster;

    private boolean useRecipes;

    private boolean additionalNetworkInterface;

    private boolean runInQueue;

    private int queues = 1;

    private String queueKey;

    protected ProcessingModule() {
    }

    public ProcessingModule(ProductType productType, String moduleType, String name) {
        this.productType = productType;
        this.moduleType = moduleType;
        this.name = name;
    }

    public boolean isPasswordSet() {
        return passwordEncrypted != null;
    }

    public Long getId() {
        return id;
    }

    public long getVersion() {
        return version;
    }

    public ProductType getProductType() {
        return productType;
    }

    public void setProductType(ProductType productType) {
        this.productType = productType;
    }

    public String getModuleType() {
        return moduleType;
    }

    public void setModuleType(String moduleType) {
        this.moduleType = moduleType;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public DataCenter getDataCenter() {
        return dataCenter;
    }

    public void setDataCenter(DataCenter dataCenter) {
        this.dataCenter = dataCenter;
    }

    public Department getDepartment() {
        return department;
    }

    public void setDepartment(Department department) {
        this.department = department;
    }

    public int getSortOrder() {
        return sortOrder;
    }

    public void setSortOrder(int sortOrder) {
        this.sortOrder = sortOrder;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPasswordEncrypted() {
        return passwordEncrypted;
    }

    public void setPasswordEncrypted(String passwordEncrypted) {
        this.passwordEncrypted = passwordEncrypted;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public boolean isUseRecipes() {
        return useRecipes;
    }

    public void setUseRecipes(boolean useRecipes) {
        this.useRecipes = useRecipes;
    }

    public boolean isAdditionalNetworkInterface() {
        return additionalNetworkInterface;
    }

    public void setAdditionalNetworkInterface(boolean additionalNetworkInterface) {
        this.additionalNetworkInterface = additionalNetworkInterface;
    }

    public boolean isRunInQueue() {
        return runInQueue;
    }

    public void setRunInQueue(boolean runInQueue) {
        this.runInQueue = runInQueue;
    }

    public int getQueues() {
        return queues;
    }

    public void setQueues(int queues) {
        this.queues = queues;
    }

    public String getQueueKey() {
        return queueKey;
    }

    public void setQueueKey(String queueKey) {
        this.queueKey = queueKey;
    }
}
