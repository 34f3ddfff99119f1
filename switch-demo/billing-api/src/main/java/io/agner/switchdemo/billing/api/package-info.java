/**
 * What the switch and its billing module share. Both versions of the billing module see these
 * classes through the parent class loader, so a {@link io.agner.switchdemo.billing.api.Rate}
 * sent before an upgrade is understood after it.
 */
package io.agner.switchdemo.billing.api;
