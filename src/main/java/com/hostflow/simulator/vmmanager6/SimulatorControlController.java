package com.hostflow.simulator.vmmanager6;

import java.util.Map;

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
     * {@code answerDelayMs} (≥ 0, how long every VMmanager call takes to answer).
     */
    @PutMapping
    Map<String, Object> change(@RequestBody JsonNode body) {
        SimulatorControl current = simulator.control();
        double failRate = body.path("failRate").asDouble(current.failRate());
        long taskDelayMs = body.path("taskDelayMs").asLong(current.taskDelayMs());
        long answerDelayMs = body.path("answerDelayMs").asLong(simulator.answerDelayMs());
        if (failRate < 0 || failRate > 1 || taskDelayMs < 0 || answerDelayMs < 0) {
            throw SimulatorException.invalid(
                    "failRate must be within 0..1, taskDelayMs and answerDelayMs not negative");
        }
        simulator.control(new SimulatorControl(failRate, taskDelayMs, body.path("down").asBoolean(current.down())));
        simulator.answerDelayMs(answerDelayMs);
        return simulator.state();
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
