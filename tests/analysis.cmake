# SPDX-License-Identifier: GPL-3.0-or-later
# analysis: the CSV writer, the all-or-nothing output folder and the fit statistics.
shipcast_add_test(csvout test_csvout.c shipcast_analysis LibCSV::csv)
shipcast_add_test(outdir test_outdir.c shipcast_analysis)
shipcast_add_test(fit test_fit.c shipcast_analysis)
shipcast_add_test(burnup test_burnup.c shipcast_analysis)
shipcast_add_test(report test_report.c shipcast_analysis)
shipcast_add_test(drivers test_drivers.c shipcast_analysis)
