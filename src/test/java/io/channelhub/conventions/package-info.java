/** Checks that keep the route files and the code base in the shape the house plan describes. */
package io.channelhub.conventions;
