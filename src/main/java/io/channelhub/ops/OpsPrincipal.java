package io.channelhub.ops;

import java.util.Objects;

/**
 * Who is calling the ops API: the name of the credential they presented (never the token itself) and its role.
 * The access filter puts it on the request; controllers take it as a method parameter and name it in the audit log.
 */
public record OpsPrincipal(String name, OpsRole role) {

    /** The request attribute the access filter sets. */
    public static final String ATTRIBUTE = OpsPrincipal.class.getName();

    public OpsPrincipal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
