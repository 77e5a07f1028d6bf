package net.codestats.geo;

/** A place rounded to 0.1° (about 10 km): where a pulse came from, never an address. */
public record Coords(double lat, double lon) {}
