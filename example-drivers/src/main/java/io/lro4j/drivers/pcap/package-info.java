/**
 * Classic pcap reading and writing, and the capture-file replay driver ({@value io.lro4j.drivers.pcap.PcapDriverProvider#NAME}).
 */
@NullMarked
package io.lro4j.drivers.pcap;

import org.jspecify.annotations.NullMarked;
