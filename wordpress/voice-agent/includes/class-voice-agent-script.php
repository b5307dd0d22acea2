<?php
/**
 * The element's script: the self-contained classic build (dist/voice-agent.iife.js) copied into
 * the plugin's assets/ folder with its two AudioWorklet files beside it (the script loads them
 * from its own folder), or a CDN URL set by the site owner.
 *
 * @package VoiceAgent
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the script handle; the embed enqueues it only on pages that show the element.
 */
class Voice_Agent_Script {

	const HANDLE = 'voice-agent';

	/** The files `npm run wordpress` copies into assets/. */
	const BUNDLED_FILES = array( 'voice-agent.iife.js', 'capture-processor.js', 'playback-processor.js' );

	/**
	 * Registers the handle (in the footer: the element upgrades whenever its definition arrives).
	 */
	public static function register() {
		$settings = Voice_Agent_Settings::get();
		if ( 'cdn' === $settings['script_source'] && '' !== $settings['cdn_url'] ) {
			wp_register_script( self::HANDLE, $settings['cdn_url'], array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- the CDN URL carries its version.
			return;
		}
		wp_register_script( self::HANDLE, plugins_url( 'assets/voice-agent.iife.js', VOICE_AGENT_FILE ), array(), VOICE_AGENT_VERSION, true );
	}

	/**
	 * @return string[] Bundled files that are missing (a checkout where `npm run wordpress` has not run).
	 */
	public static function missing_bundled_files() {
		return array_values(
			array_filter(
				self::BUNDLED_FILES,
				static function ( $file ) {
					return ! is_readable( VOICE_AGENT_DIR . '/assets/' . $file );
				}
			)
		);
	}
}
