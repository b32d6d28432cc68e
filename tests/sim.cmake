# SPDX-License-Identifier: GPL-3.0-or-later
shipcast_add_test(sim test_sim.c shipcast_sim)
