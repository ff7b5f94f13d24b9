package com.hostflow.lifecycle.web;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.common.web.Locations;
import com.hostflow.common.web.PageNumber;
import com.hostflow.common.web.PageView;
import com.hostflow.lifecycle.ConcurrentChanges;
import com.hostflow.lifecycle.order.OrderQueries;
import com.hostflow.lifecycle.order.OrderStatus;
import com.hostflow.lifecycle.order.ServiceOrders;
import com.hostflow.lifecycle.order.ServiceOrders.OrderCommand;
import com.hostflow.lifecycle.order.ServiceOrders.PlacedOrder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@RequestMapping("/api/v1/orders")
@Validated
@Tag(name = "Orders", description = "A client orders a service: a tariff, a period, add-on values and parameters."
        + " Each order starts a ServiceOrderProcess.")
class OrderController {

    private final ServiceOrders orders;
    private final OrderQueries queries;
    private final ConcurrentChanges concurrentChanges;

    OrderController(ServiceOrders orders, OrderQueries queries, ConcurrentChanges concurrentChanges) {
        this.orders = orders;
        this.queries = queries;
        this.concurrentChanges = concurrentChanges;
    }

    /** Places the order; it is paid from the balance at once when the balance covers it, else it waits. */
    @PostMapping
    @Operation(summary = "Place an order", description = "ADMIN for anyone, a CLIENT for itself. 201 with the order"
            + " and its service. Paid from the balance at once when it covers the amount, otherwise the order waits"
            + " for a payment. 400 names bad add-on values (`addons.ram`) and missing parameters; 422 when a TRIAL"
            + " is not allowed by the product type's trial policy. With an `Idempotency-Key` header a retry of the"
            + " same order answers 200 with the first order.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(name = "VPS for a month with 4 GiB RAM", value = """
                            {"clientId": 1, "tariffId": 1, "period": "MONTH", "addons": {"ram": 4096},
                             "params": {"os": "ubuntu-24.04"}}"""))))
    ResponseEntity<OrderResponse> place(@Valid @RequestBody OrderRequest request,
            @Parameter(description = "Optional, 1 to 100 visible ASCII characters (e.g. a UUID): the same request sent"
                    + " again with the key answers 200 with the order the first one placed and places nothing; a"
                    + " different order under a used key is 409.")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        PlacedOrder placed = concurrentChanges.retry(() -> orders.placeOrder(new OrderCommand(request.clientId(),
                request.tariffId(), request.period(), request.addons(), request.params()), idempotencyKey));
        OrderResponse body = OrderResponse.of(orders.order(placed.order().getId()));
        URI location = Locations.of("/api/v1/orders/{id}", body.orderId());
        return placed.placedBefore() ? ResponseEntity.ok().location(location).body(body)
                : ResponseEntity.created(location).body(body);
    }

    @GetMapping
    @Operation(summary = "List orders", description = "Newest first, paged, by `clientId`, `status` and"
            + " `serviceId`. A CLIENT gets its own (another client's id, or another client's or an unknown service, is"
            + " 404).")
    PageView<OrderResponse> orders(@RequestParam(required = false) Long clientId,
            @RequestParam(required = false) OrderStatus status, @RequestParam(required = false) Long serviceId,
            @RequestParam(defaultValue = "0") @PageNumber int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageView.of(queries.orders(clientId, status, serviceId, page, size), OrderResponse::of);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get an order", description = "Its status, amount and service; 404 for an unknown id and"
            + " for a CLIENT for another client's order.")
    OrderResponse order(@PathVariable long id) {
        return OrderResponse.of(orders.order(id));
    }
}
