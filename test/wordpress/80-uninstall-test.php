<?php
/**
 * Deleting the plugin leaves nothing behind: settings, key and rate-limit counters go.
 * (Runs last: it removes what the other tests stored.)
 *
 * @package VoiceAgentTests
 */

test(
	'uninstall.php removes the settings, the key and the rate-limit counters',
	static function () {
		global $wpdb;
		session_request( array( 'assistant' => 'asst_ok' ), 'https://site.test', '192.0.2.99' );
		$counters = "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE '%voice_agent_rl_%'";
		check( (int) $wpdb->get_var( $counters ) > 0, 'rate-limit counters exist before' );
		$options = "SELECT option_name FROM {$wpdb->options} WHERE option_name IN ('voice_agent_settings', 'voice_agent_anunzi_key') ORDER BY option_name";
		check_same( array( 'voice_agent_anunzi_key', 'voice_agent_settings' ), $wpdb->get_col( $options ), 'options stored before' );

		define( 'WP_UNINSTALL_PLUGIN', 'voice-agent/voice-agent.php' );
		require WP_PLUGIN_DIR . '/voice-agent/uninstall.php';
		wp_cache_flush();

		check_same( array(), $wpdb->get_col( $options ), 'options stored after' );
		check_same( '', Voice_Agent_Settings::anunzi_key(), 'key after' );
		check_same( 0, (int) $wpdb->get_var( $counters ), 'rate-limit counters after' );
	}
);
