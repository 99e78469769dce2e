/** The calendar tools; every one reads the user's calendar. */
@ToolPackage(privateData = true)
package dev.tether.toolsets.calendar;

import dev.tether.tool.ToolPackage;
