package com.hostflow.simulator.vmmanager6;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

/** Fault injection and inspection of the simulator; not part of VMmanager's API. */
@RestController
@RequestMapping(SimulatorApiController.BASE_PATH + "/_control")
@ConditionalOnProperty(name = "hostflow.simulator.enabled", havingValue = "true")
class SimulatorControlController {

    private final VmManager6Simulator simulator;

    SimulatorControlController(VmManager6Simulator simulator) {
        this.simulator = simulator;
    }

    @GetMapping
    Map<String, Object> state() {
        return simulator.state();
    }

    /**
     * Changes only the fields given: {@code failRate} (0..1), {@code taskDelayMs} (≥ 0), {@code down},
     * {@code answerDelayMs} (≥ 0, how long every VMmanager call takes to answer). A field of the wrong JSON type is
     * refused, never read as "unchanged" ({@code "failRate":"x"} was ignored with a 200).
     */
    @PutMapping
    Map<String, Object> change(@RequestBody JsonNode body) {
        SimulatorControl current = simulator.control();
        double failRate = given(body, "failRate", JsonNode::isNumber, "a number")
                .map(JsonNode::asDouble).orElse(current.failRate());
        long taskDelayMs = given(body, "taskDelayMs", SimulatorControlController::wholeNumber, "a whole number")
                .map(JsonNode::asLong).orElse(current.taskDelayMs());
        long answerDelayMs = given(body, "answerDelayMs", SimulatorControlController::wholeNumber, "a whole number")
                .map(JsonNode::asLong).orElse(simulator.answerDelayMs());
        boolean down = given(body, "down", JsonNode::isBoolean, "true or false").map(JsonNode::asBoolean)
                .orElse(current.down());
        if (failRate < 0 || failRate > 1 || taskDelayMs < 0 || answerDelayMs < 0) {
            throw SimulatorException.invalid(
                    "failRate must be within 0..1, taskDelayMs and answerDelayMs not negative");
        }
        simulator.control(new SimulatorControl(failRate, taskDelayMs, down));
        simulator.answerDelayMs(answerDelayMs);
        return simulator.state();
    }

    private static boolean wholeNumber(JsonNode value) {
        return value.isNumber() && value.canConvertToExactIntegral() && value.canConvertToLong();
    }

    /** The field when the body has it, checked for its JSON type. */
    private static Optional<JsonNode> given(JsonNode body, String field, Predicate<JsonNode> typed, String what) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!typed.test(value)) {
            throw SimulatorException.invalid(field + " must be " + what);
        }
        return Optional.of(value);
    }

    @PostMapping("/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reset() {
        simulator.reset();
    }

    @PostMapping("/expire-tokens")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void expireTokens() {
        simulator.expireTokens();
    }
}
