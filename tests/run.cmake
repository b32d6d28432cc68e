# SPDX-License-Identifier: GPL-3.0-or-later
# run: the run loop as a library and the sensitivity analysis built on it.
shipcast_add_test(sensitivity test_sensitivity.c shipcast_run)
