package com.hostflow.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the models of {@code processes/} (on the classpath under {@code processes/}) when the engine starts, and
 * only those that changed: an unchanged file keeps its version, a changed one becomes the next version of its
 * process or decision. Replaces the Spring Boot starter's auto-deployment (switched off in application.yml), which
 * scans the whole classpath and redeploys every model as a new version when any one of them changed.
 */
@Component
public class ProcessModelDeployment extends AbstractProcessEnginePlugin {

    public static final String DEPLOYMENT_NAME = "hostflow-processes";
    static final String FOLDER = "processes/";
    private static final String[] PATTERNS = {"classpath*:" + FOLDER + "*.bpmn", "classpath*:" + FOLDER + "*.dmn"};

    private static final Logger log = LoggerFactory.getLogger(ProcessModelDeployment.class);

    @Override
    public void postProcessEngineBuild(ProcessEngine processEngine) {
        deployChanged(processEngine.getRepositoryService(), modelsOnClasspath());
    }

    /**
     * Deploys the models that differ from the latest deployed version of the same resource name; answers how many
     * process and decision definitions became new versions.
     */
    public static int deployChanged(RepositoryService repository, List<ModelFile> models) {
        if (models.isEmpty()) {
            return 0;
        }
        DeploymentBuilder deployment = repository.createDeployment()
                .name(DEPLOYMENT_NAME)
                .source(DEPLOYMENT_NAME)
                .enableDuplicateFiltering(true);
        models.forEach(model -> deployment.addString(model.name(), model.content()));
        DeploymentWithDefinitions deployed = deployment.deployWithResult();
        int versions = deployed.getDeployedProcessDefinitions() == null ? 0
                : deployed.getDeployedProcessDefinitions().size();
        versions += deployed.getDeployedDecisionDefinitions() == null ? 0
                : deployed.getDeployedDecisionDefinitions().size();
        log.info("{} models in {}, {} new definition versions deployed", models.size(), FOLDER, versions);
        return versions;
    }

    static List<ModelFile> modelsOnClasspath() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<ModelFile> models = new ArrayList<>();
        try {
            for (String pattern : PATTERNS) {
                for (Resource resource : resolver.getResources(pattern)) {
                    try (InputStream in = resource.getInputStream()) {
                        models.add(new ModelFile(FOLDER + resource.getFilename(),
                                new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the process models", e);
        }
        models.sort(Comparator.comparing(ModelFile::name));
        return models;
    }

    /** One BPMN or DMN file: its resource name in the deployment ({@code processes/X.bpmn}) and its XML. */
    public record ModelFile(String name, String content) {
    }
}
