package com.hostflow.modules.manual;

import java.util.stream.Collectors;

import com.hostflow.modules.ModuleRequest;

/** The text a department task shows staff: what to do, for whom, with which tariff, resources and parameters. */
final class ManualInstructions {

    private ManualInstructions() {
    }

    static String describe(ModuleRequest request) {
        StringBuilder text = new StringBuilder()
                .append(verb(request)).append(" service #").append(request.serviceId())
                .append(" for ").append(request.clientName()).append(" <").append(request.clientEmail()).append('>')
                .append(", tariff ").append(request.tariffName());
        if (request.externalId() != null) {
            text.append(", external id ").append(request.externalId());
        }
        if (!request.addons().isEmpty()) {
            text.append(". Resources: ").append(request.addons().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        if (!request.params().isEmpty()) {
            text.append(". Parameters: ").append(request.params().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        return text.append('.').toString();
    }

    private static String verb(ModuleRequest request) {
        return switch (request.operation()) {
            case OPEN -> "Set up";
            case SET_PARAM -> "Change the resources of";
            case SUSPEND -> "Suspend";
            case RESUME -> "Resume";
            case CLOSE -> "Delete";
            case SYNC -> "Check the state of";
            case RESET_PASSWORD -> "Set a new password on";
        };
    }
}
