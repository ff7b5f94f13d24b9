package com.hostflow.lifecycle.web;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.hostflow.lifecycle.order.ServiceOrder;
import com.hostflow.lifecycle.order.ServiceOrders;
import com.hostflow.lifecycle.order.ServiceOrders.OrderCommand;

import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/orders")
class OrderController {

    private final ServiceOrders orders;

    OrderController(ServiceOrders orders) {
        this.orders = orders;
    }

    /** Places the order; it is paid from the balance at once when the balance covers it, else it waits. */
    @PostMapping
    ResponseEntity<OrderResponse> place(@Valid @RequestBody OrderRequest request) {
        ServiceOrder placed = orders.placeOrder(new OrderCommand(request.clientId(), request.tariffId(),
                request.period(), request.addons(), request.params()));
        OrderResponse body = OrderResponse.of(orders.order(placed.getId()));
        return ResponseEntity.created(URI.create("/api/v1/orders/" + body.orderId())).body(body);
    }

    @GetMapping("/{id}")
    OrderResponse order(@PathVariable long id) {
        return OrderResponse.of(orders.order(id));
    }
}
