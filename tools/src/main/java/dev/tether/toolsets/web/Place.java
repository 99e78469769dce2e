package dev.tether.toolsets.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a weather answer is for, as the geocoder named it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Place(String name, String region, String country, double latitude, double longitude, String timezone) {}
