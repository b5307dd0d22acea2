<?php
/**
 * Plugin Name:       Voice Agent
 * Description:       Puts the <voice-agent> web component (a live voice conversation with a hosted AI agent, Lyzr or Anunzi) on any page with a block or the [voice_agent] shortcode, so Authors and Contributors can place it too. Includes a token broker that keeps the Anunzi API key on the server.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       voice-agent
 *
 * @package VoiceAgent
 */

defined( 'ABSPATH' ) || exit;

define( 'VOICE_AGENT_VERSION', '0.1.0' );
define( 'VOICE_AGENT_FILE', __FILE__ );
define( 'VOICE_AGENT_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-voice-agent-settings.php';
require_once __DIR__ . '/includes/class-voice-agent-attributes.php';
require_once __DIR__ . '/includes/class-voice-agent-script.php';
require_once __DIR__ . '/includes/class-voice-agent-embed.php';
require_once __DIR__ . '/includes/class-voice-agent-rate-limit.php';
require_once __DIR__ . '/includes/class-voice-agent-session-route.php';
require_once __DIR__ . '/includes/class-voice-agent-settings-page.php';

add_action( 'init', array( 'Voice_Agent_Settings', 'register' ) );
add_action( 'init', array( 'Voice_Agent_Script', 'register' ) );
add_action( 'init', array( 'Voice_Agent_Embed', 'register' ) );
add_action( 'rest_api_init', array( 'Voice_Agent_Session_Route', 'register' ) );
add_action( 'admin_menu', array( 'Voice_Agent_Settings_Page', 'add_menu' ) );
add_action( 'admin_init', array( 'Voice_Agent_Settings_Page', 'add_fields' ) );
