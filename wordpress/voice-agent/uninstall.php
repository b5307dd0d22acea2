<?php
/**
 * Deleting the plugin removes its options (the Anunzi key included) and its rate-limit counters.
 *
 * @package VoiceAgent
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'voice_agent_settings' );
delete_option( 'voice_agent_anunzi_key' );

// Rate-limit counters expire within a minute on their own; remove those in the options table now.
global $wpdb;
$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one-off clean-up of this plugin's transients.
	$wpdb->prepare(
		"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
		$wpdb->esc_like( '_transient_voice_agent_rl_' ) . '%',
		$wpdb->esc_like( '_transient_timeout_voice_agent_rl_' ) . '%'
	)
);
