package io.channelhub.ops;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the presented credential is, so a client (the dashboard) shows only the actions its role may take. */
@RestController
public class WhoAmIController {

    @GetMapping("/ops/whoami")
    public WhoAmI whoami(OpsPrincipal caller) {
        return new WhoAmI(caller.name(), caller.role().label());
    }

    /** The caller's credential name and role ({@code viewer} or {@code operator}). */
    public record WhoAmI(String name, String role) {
    }
}
